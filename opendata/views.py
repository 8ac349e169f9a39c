"""Open data: an index of every published cutoff's downloads, the data dictionary, and the
downloads themselves (stable URLs; the latest published version of the cutoff's figures)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from functools import partial

from django.db.models import Max
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opendata import datasets, links, writers
from opendata.forms import PickForm
from plan import listing
from plan.choices import CutoffStatus
from plan.models import Cutoff, Plan, Snapshot
from plan.stamped_cache import kept_list, key, remembered, stamp
from public import structure
from publication.published import first_and_latest_as_of, load_published
from publication.snapshots import Correction, read_cutoff

STREAM_CHUNK = 25  # cutoffs whose payloads a district download reads at a time


def _published_cutoffs(plan_ids) -> dict[int, list[dict]]:
    """Plan id -> its published cutoffs, newest first, each with its latest version and when
    that was published: one query, a row per published cutoff of the plans."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for row in (
        Snapshot.objects.filter(cutoff__status=CutoffStatus.PUBLISHED, cutoff__plan__in=plan_ids)
        .values("cutoff__plan_id", "cutoff__date")
        .annotate(version=Max("version"), published_at=Max("published_at"))
        .order_by("-cutoff__date")
    ):
        rows[row["cutoff__plan_id"]].append(
            {
                "date": row["cutoff__date"],
                "version": row["version"],
                "published_at": row["published_at"],
            }
        )
    return rows


def _with_downloads(plan, cutoffs: list[dict], prefix: str, words, every: bool) -> None:
    """Set on ``plan`` the links of its downloads (``opendata/_plan_downloads.html``): its
    structure, and its published cutoffs (``every``) or only the newest one."""
    for cutoff in cutoffs if every else cutoffs[:1]:
        cutoff["rows"] = links.cutoff_rows(prefix, plan.slug, cutoff["date"], words)
    plan.downloads = {
        "structure": links.structure_rows(prefix, plan.slug, plan.name, words),
        "cutoffs": cutoffs,
        "url": links.plan_url(prefix, plan.slug),
    }


def _published_dates() -> list:
    """Every date with a publication, newest first (for the date picker)."""
    return list(
        Cutoff.objects.filter(status=CutoffStatus.PUBLISHED, snapshots__isnull=False)
        .order_by("-date")
        .values_list("date", flat=True)
        .distinct()
    )


def index(request):
    """The district's stamp, then what is not kept in the cache under it (plan.stamped_cache):
    the published cutoff dates (for the date picker) and, browsed page by page, the rendered
    list of plans (the count and one page of plans by sector and entity, searched by name or
    code; the published cutoffs of the page's plans). Of each plan the list shows its
    structure and its newest published cutoff; every cutoff is on the plan's own page
    (``plan``)."""
    district_stamp = stamp()
    dates = remembered(
        key("published-dates", district_stamp, datetime.date.min, None), _published_dates
    )
    context = kept_list(
        request, "opendata-index", partial(_index_list, request), None, district_stamp
    )
    context.update(
        picker=PickForm(dates=dates),
        datasets=datasets.DATASETS,
        district_formats=DISTRICT_FORMATS,
        today=timezone.localdate(),
        titles=datasets.TITLES,
        meta_title=_("Datos abiertos"),
        meta_description=_(
            "Descargue en CSV, JSON o Excel el cumplimiento de cada objetivo y el avance de "
            "cada indicador en cada corte publicado."
        ),
    )
    return render(request, "opendata/index.html", context)


def _index_list(request) -> dict:
    plans = listing.with_sector(
        Plan.objects.select_related("organisation").only(*_PLAN_FIELDS)
    ).order_by(*listing.sector_order(), "-start_year", "name")
    context = listing.searched_page(request, plans)
    page = context["page"]
    cutoffs = _published_cutoffs([plan.id for plan in page.object_list])
    prefix, words = reverse("opendata:index"), links.texts()
    for plan in page.object_list:
        _with_downloads(plan, cutoffs.get(plan.id, []), prefix, words, every=False)
    context.update(
        groups=listing.group(page.object_list, listing.plan_sector, lambda p: p.organisation),
        search_label=_("Buscar planes"),
        pagination_label=_("Páginas de planes"),
    )
    return context


# What the open data pages read of a plan (not its mission, vision or notes).
_PLAN_FIELDS = ("slug", "name", "start_year", "organisation__name", "organisation__code")


def plan(request, slug):
    """One plan's open data: its structure and every published cutoff. Two queries: the
    plan with its entity, its published cutoffs."""
    found = (
        Plan.objects.select_related("organisation")
        .only(*_PLAN_FIELDS, "end_year", "kind")
        .filter(slug=slug)
        .first()
    )
    if found is None:
        raise Http404(_("No hay un plan con ese identificador."))
    prefix, words = reverse("opendata:index"), links.texts()
    _with_downloads(
        found, _published_cutoffs([found.id]).get(found.id, []), prefix, words, every=True
    )
    return render(
        request,
        "opendata/plan.html",
        {
            "plan": found,
            "titles": datasets.TITLES,
            "meta_title": found.name,
            "meta_description": _(
                "Descargue en CSV, JSON o Excel la estructura de %(plan)s y sus cifras en cada "
                "corte publicado."
            )
            % {"plan": found.name},
        },
    )


def pick(request):
    """The date picker's GET form: on to the stable address of the chosen file."""
    form = PickForm(request.GET, dates=None)
    if not form.is_valid():
        return HttpResponseBadRequest(
            _("Elija una fecha (AAAA-MM-DD), un conjunto de datos y un formato válidos.")
        )
    data = form.cleaned_data
    return redirect(
        "opendata:district", data["fecha"].isoformat(), data["conjunto"], data["formato"]
    )


def dictionary(request):
    return render(
        request,
        "opendata/dictionary.html",
        {
            "tables": [
                (
                    name,
                    title,
                    [(c.key, datasets.TYPE_LABELS[c.kind], c.description) for c in columns],
                )
                for name, title, columns in (
                    *(
                        (name, datasets.TITLES[name], datasets.COLUMNS[name])
                        for name in datasets.DATASETS
                    ),
                    *(
                        (f"estructura/{name}", title, datasets.STRUCTURE_COLUMNS[name])
                        for name, title in datasets.STRUCTURE_TITLES.items()
                    ),
                )
            ],
            "meta_title": _("Diccionario de datos abiertos"),
            "meta_description": _("Campos, tipos y significado de los datos abiertos."),
        },
    )


def dictionary_csv(request):
    columns = [
        writers.Column("conjunto", ""),
        writers.Column("campo", ""),
        writers.Column("tipo", ""),
        writers.Column("descripcion", ""),
    ]
    with translation.override("es"):
        rows = [
            {
                "conjunto": name,
                "campo": column.key,
                "tipo": str(datasets.TYPE_LABELS[column.kind]),
                "descripcion": str(column.description),
            }
            for name, dataset_columns in datasets.COLUMNS.items()
            for column in dataset_columns
        ]
    return writers.download(writers.CSV, columns, rows, "diccionario.csv")


def download(request, slug, date, dataset, fmt):
    """Three queries: the plan, its published versions, the cutoff's payloads."""
    try:
        date = datetime.date.fromisoformat(date)
    except ValueError:
        raise Http404(_("Fecha de corte no válida.")) from None
    plan = get_object_or_404(Plan.objects.select_related("organisation"), slug=slug)
    published = load_published(plan, date)
    if published.selected is None or published.selected.date != date:
        raise Http404(_("Ese corte no está publicado."))
    columns = datasets.COLUMNS[dataset]
    with translation.override("es"):
        rows = datasets.BUILDERS[dataset](plan, published.selected)
    filename = f"{plan.slug}_{date.isoformat()}_{dataset}{_ending(fmt)}"
    return _file(fmt, columns, rows, filename, dataset)


def _file(fmt: str, columns, rows, filename: str, title: str = "datos"):
    """The streamed download, open to every origin (it is public data)."""
    response = writers.download(fmt, columns, rows, filename, title=title)
    response["Access-Control-Allow-Origin"] = "*"
    return response


STRUCTURE_BUILDERS = {
    datasets.OBJECTIVES: structure.objective_records,
    datasets.INDICATORS: structure.indicator_records,
    "proyectos": structure.project_records,
}


def structure_download(request, slug, dataset, fmt):
    """Seven queries: the plan and its structure (``public.structure.load_structure``)."""
    plan = get_object_or_404(Plan.objects.select_related("organisation"), slug=slug)
    columns = datasets.STRUCTURE_COLUMNS[dataset]
    with translation.override("es"):
        rows = STRUCTURE_BUILDERS[dataset](plan, structure.load_structure(plan))
    return _file(fmt, columns, rows, f"{plan.slug}_estructura_{dataset}{_ending(fmt)}", dataset)


DISTRICT_FORMATS = ("csv", datasets.EXCEL_CSV, "json")


def _ending(fmt: str) -> str:
    """The file name's ending: «para Excel» files end in ``_excel.csv``."""
    return "_excel.csv" if fmt == datasets.EXCEL_CSV else f".{fmt}"


def _with_payloads(cutoffs: list[list[Snapshot]]) -> None:
    """Read the payloads of the snapshots of ``cutoffs`` (their metadata is loaded): one
    query."""
    snapshots = [s for versions in cutoffs for s in versions]
    payloads = dict(
        Snapshot.objects.filter(pk__in=[s.pk for s in snapshots]).values_list("pk", "payload")
    )
    for snapshot in snapshots:
        snapshot.payload = payloads[snapshot.pk]


def _chosen_versions(date: datetime.date):
    """The versions (first and latest) of each plan's newest publication as of ``date``, one
    cutoff at a time in entity and plan order. Their metadata comes through a cursor; their
    payloads are read ``STREAM_CHUNK`` cutoffs at a time, so the first rows follow a query
    on the metadata and one on a few payloads, whatever the number of plans."""
    batch: list[list[Snapshot]] = []
    for snapshot in first_and_latest_as_of(date).iterator(chunk_size=2 * STREAM_CHUNK):
        if batch and batch[-1][-1].cutoff_id == snapshot.cutoff_id:
            batch[-1].append(snapshot)
            continue
        if len(batch) == STREAM_CHUNK:  # the cutoffs of the batch are complete
            _with_payloads(batch)
            yield from batch
            batch = []
        batch.append([snapshot])
    if batch:
        _with_payloads(batch)
        yield from batch


def _district_records(date: datetime.date, dataset: str):
    """Every plan's records of ``dataset`` from its newest publication as of ``date``, one
    plan at a time: of each chosen cutoff its first version (for the figures published
    initially) and its latest one (the current figures), never the payload of any other
    snapshot. Nothing is kept per plan, so memory does not grow with the number of plans;
    nothing is read before the first record is asked for."""
    build = datasets.BUILDERS[dataset]
    for versions in _chosen_versions(date):
        first, latest = versions[0], versions[-1]
        corrections = (
            (Correction(latest.version, latest.published_at, latest.reason),)
            if latest.version > 1
            else ()
        )
        published = read_cutoff(latest.cutoff.date, latest, first, corrections)
        with translation.override("es"):
            records = list(build(latest.cutoff.plan, published))
        yield from records


def district_download(request, date, dataset, fmt):
    """Every plan's published figures as of a date (its newest published cutoff on or before
    it), streamed: the header goes out before any query, then rows as the snapshots are read,
    so memory does not grow with the number of plans. A query on the snapshots' metadata, then
    one per ``STREAM_CHUNK`` plans for their payloads."""
    try:
        date = datetime.date.fromisoformat(date)
    except ValueError:
        raise Http404(_("Fecha no válida.")) from None
    columns = datasets.COLUMNS[dataset]
    rows = _district_records(date, dataset)
    return _file(fmt, columns, rows, f"planes_{date.isoformat()}_{dataset}{_ending(fmt)}")

"""Open data: an index of every published cutoff's downloads, the data dictionary, and the
downloads themselves (stable URLs; the latest published version of the cutoff's figures)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opendata import datasets, writers
from opendata.forms import PickForm
from plan import listing
from plan.choices import CutoffStatus
from plan.models import Cutoff, Plan, Snapshot
from public import structure
from publication.published import first_and_latest_as_of, load_published
from publication.snapshots import Correction, read_cutoff

STREAM_CHUNK = 25  # cutoffs whose payloads a district download reads at a time


def _cutoff_rows(snapshots) -> dict[int, list[dict]]:
    """Plan id -> its published cutoffs (newest first) with their latest version and when it
    was published, from the snapshots' metadata."""
    versions: dict[tuple[int, datetime.date], list[Snapshot]] = defaultdict(list)
    for snapshot in snapshots:
        versions[snapshot.cutoff.plan_id, snapshot.cutoff.date].append(snapshot)
    rows: dict[int, list[dict]] = defaultdict(list)
    for (plan_id, date), group in sorted(versions.items(), key=lambda kv: kv[0][1], reverse=True):
        rows[plan_id].append(
            {
                "date": date,
                "version": max(s.version for s in group),
                "published_at": max(s.published_at for s in group),
            }
        )
    return rows


def index(request):
    """Four queries whatever the number of plans: the published cutoff dates (for the date
    picker); the count and one page of plans by sector and entity, searched by name or code;
    the metadata of the page's published snapshots."""
    dates = (
        Cutoff.objects.filter(status=CutoffStatus.PUBLISHED, snapshots__isnull=False)
        .order_by("-date")
        .values_list("date", flat=True)
        .distinct()
    )
    plans = listing.with_sector(Plan.objects.select_related("organisation")).order_by(
        *listing.sector_order(), "-start_year", "name"
    )
    context = listing.searched_page(request, plans)
    page = context["page"]
    cutoffs = _cutoff_rows(
        Snapshot.objects.filter(
            cutoff__status=CutoffStatus.PUBLISHED, cutoff__plan__in=page.object_list
        )
        .select_related("cutoff")
        .defer("payload")
    )
    for plan in page.object_list:
        plan.published_cutoffs = cutoffs.get(plan.id, [])
    context.update(
        groups=listing.group(page.object_list, listing.plan_sector, lambda p: p.organisation),
        search_label=_("Buscar planes"),
        pagination_label=_("Páginas de planes"),
        picker=PickForm(dates=list(dates)),
        datasets=datasets.DATASETS,
        formats=datasets.FORMATS,
        district_formats=DISTRICT_FORMATS,
        today=timezone.localdate(),
        titles=datasets.TITLES,
        structure_titles=datasets.STRUCTURE_TITLES,
        meta_title=_("Datos abiertos"),
        meta_description=_(
            "Descargue en CSV, JSON o Excel el cumplimiento de cada objetivo y el avance de "
            "cada indicador en cada corte publicado."
        ),
    )
    return render(request, "opendata/index.html", context)


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

"""Forms of the reporting pages. Numbers are parsed as written in Colombia (reporting.numbers)
and every message is Spanish, next to its field."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from indicators.compliance import ratio
from reporting import evidence as evidence_rules
from reporting.numbers import NumberError, magnitude_problem, parse_number
from reporting.services import MeasurementInput, NewFile
from reporting.workflow import analysis_problem


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class MeasurementForm(forms.Form):
    executed = forms.CharField(
        label=_("Magnitud ejecutada al corte"),
        max_length=40,
        help_text=_("Como se escribe en Colombia: 4.155.036 · 22,98 · 0,30"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    analysis = forms.CharField(
        label=_("Análisis del avance"),
        required=False,
        max_length=5000,
        help_text=_(
            "Obligatorio si el avance al corte es menor o mayor que el 100 %: explique el "
            "rezago o la sobre-ejecución."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    links = forms.CharField(
        label=_("Enlaces a evidencias"),
        required=False,
        max_length=5000,
        help_text=_("Uno por línea; deben empezar por https:// o http://"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(
        label=_("Archivos de evidencia"),
        required=False,
        help_text=_("PDF, imágenes, Excel, Word, PowerPoint, CSV o texto; hasta 10 MB cada uno."),
    )
    remove_evidence = forms.MultipleChoiceField(
        label=_("Quitar evidencias"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, form_data, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_data = form_data
        self.fields["remove_evidence"].choices = [(str(e.id), e.name) for e in form_data.evidence]

    def clean_executed(self):
        try:
            value = parse_number(self.cleaned_data["executed"], language=get_language() or "es")
        except NumberError as error:
            raise forms.ValidationError(str(error)) from None
        if value is None:
            raise forms.ValidationError(_("Escriba la magnitud ejecutada al corte."))
        problem = magnitude_problem(value, self.form_data.indicator.unit)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_links(self):
        urls = []
        validate = URLValidator(schemes=["http", "https"])
        for line in self.cleaned_data["links"].splitlines():
            url = line.strip()
            if not url:
                continue
            try:
                validate(url)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("«%(url)s» no es un enlace válido (debe empezar por https://).")
                    % {"url": url[:80]}
                ) from None
            if len(url) > 500:
                raise forms.ValidationError(_("Un enlace tiene más de 500 caracteres."))
            urls.append(url)
        return urls

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if len(uploads) > evidence_rules.MAX_FILES:
            raise forms.ValidationError(
                _("Cargue como máximo %(n)s archivos a la vez.") % {"n": evidence_rules.MAX_FILES}
            )
        checked = []
        for upload in uploads:
            try:
                content_type = evidence_rules.check_upload(upload.name, upload.size, upload)
            except evidence_rules.EvidenceError as error:
                raise forms.ValidationError(str(error)) from None
            checked.append(NewFile(upload, upload.name, upload.size, content_type))
        return checked

    def clean(self):
        data = super().clean()
        executed = data.get("executed")
        programmed = self.form_data.programmed_cutoff
        if executed is not None and programmed is not None and programmed > 0:
            progress = ratio(executed, programmed, self.form_data.indicator.direction)
            problem = analysis_problem(progress, data.get("analysis", ""))
            if problem:
                self.add_error("analysis", problem)
        return data

    def to_input(self) -> MeasurementInput:
        data = self.cleaned_data
        return MeasurementInput(
            executed=data["executed"],
            analysis=data["analysis"],
            links=data["links"],
            files=data["files"],
            remove_evidence=[int(i) for i in data["remove_evidence"]],
        )


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Aprobar")), ("return", _("Devolver"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("Comentario para la dependencia"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    override = forms.BooleanField(
        label=_("Cerrar sin esos reportes"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Motivo"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublishForm(forms.Form):
    """The correction's reason, and one reason per plausibility flag to confirm it."""

    reason = forms.CharField(
        label=_("Motivo de la corrección"),
        required=False,
        max_length=2000,
        help_text=_("Obligatorio si el corte ya se había publicado: se muestra al público."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, flags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.flags = {}
        for flag in flags:
            name = "confirm-" + flag.key.replace(":", "-")
            self.flags[name] = flag
            self.fields[name] = forms.CharField(
                label=_("Motivo para publicar «%(i)s»: %(m)s")
                % {"i": flag.name, "m": flag.message},
                required=False,
                max_length=2000,
                widget=forms.TextInput(attrs={"class": "flag-reason"}),
            )

    @property
    def confirmations(self) -> dict[str, str]:
        return {
            flag.key: self.cleaned_data.get(name, "")
            for name, flag in self.flags.items()
            if self.cleaned_data.get(name, "").strip()
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la reapertura"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Escriba el motivo para reabrir el corte.")},
    )


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Libro de Excel (.xlsx)"),
        error_messages={"required": _("Elija el archivo .xlsx que va a cargar.")},
    )

from django.shortcuts import get_object_or_404, render

from indicators.loading import load_plan_at_cutoff
from plan.models import Cutoff, Plan


def home(request):
    plans = Plan.objects.select_related("organisation").order_by(
        "organisation__name", "-start_year"
    )
    return render(request, "plan/home.html", {"plans": plans})


def plan_detail(request, slug):
    plan = get_object_or_404(Plan.objects.select_related("organisation"), slug=slug)
    cutoffs = list(Cutoff.objects.filter(plan=plan).order_by("-date"))
    context = {"plan": plan, "cutoffs": cutoffs, "rows": []}
    if cutoffs:
        cutoff = cutoffs[0]
        cutoff.plan = plan
        data = load_plan_at_cutoff(cutoff)
        context["cutoff"] = cutoff
        context["compliance"] = data.result.compliance
        context["rows"] = [(o, data.result.objectives[o.id]) for o in data.objectives]
    return render(request, "plan/plan_detail.html", context)

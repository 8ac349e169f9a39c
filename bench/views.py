"""The throughput floor: a view that does nothing but answer a constant string through the
same middleware as every page (served only when BENCH_FLOOR_VIEW is true)."""

from django.http import HttpResponse


def floor(request):
    return HttpResponse("Tablero\n", content_type="text/plain; charset=utf-8")

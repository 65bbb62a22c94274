from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from portaal.models import Thema
from voorbeelden.listing import live_content, paginate


def thema_index(request):
    themas = Thema.objects.annotate(
        page_count=Count("pages", filter=Q(pages__live=True), distinct=True)
    )
    return render(request, "portaal/thema_index.html", {"themas": themas})


def thema_detail(request, slug):
    thema = get_object_or_404(Thema, slug=slug)
    items = paginate(request, live_content().filter(themas=thema))
    return render(request, "portaal/thema_detail.html", {"thema": thema, "items": items})

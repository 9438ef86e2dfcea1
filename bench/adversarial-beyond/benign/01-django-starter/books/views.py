from django.http import JsonResponse

from .models import Book


def index(request):
    return JsonResponse({"books": list(Book.objects.values("id", "title"))})

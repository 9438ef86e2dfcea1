from django.http import JsonResponse


def list_orders(request):
    return JsonResponse([], safe=False)

from django.http import JsonResponse


def me(request):
    return JsonResponse({"user": str(request.user)})

from django.urls import path

from billing import views

urlpatterns = [path("invoices/", views.invoices)]

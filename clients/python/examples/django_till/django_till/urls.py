from django.urls import path

from till import views

urlpatterns = [
    path("till/<slug:till>/items", views.add_item),
    path("till/<slug:till>/pay", views.pay),
]

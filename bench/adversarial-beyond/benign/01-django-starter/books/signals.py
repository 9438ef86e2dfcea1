import logging

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Book

log = logging.getLogger(__name__)


@receiver(post_save, sender=Book)
def book_saved(sender, instance, created, **kwargs):
    if created:
        log.info("new book %s", instance.title)

import logging

from django.contrib.auth.models import User
from django.db.models.signals import post_save
from django.dispatch import receiver

log = logging.getLogger(__name__)


@receiver(post_save, sender=User)
def welcome(sender, instance, created, **kwargs):
    if created:
        log.info("new user %s", instance.pk)

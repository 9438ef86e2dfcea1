from django.contrib.auth.models import User
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=User)
def welcome(sender, instance, created, **kwargs):
    if created:
        from .tasks import send_welcome

        send_welcome.delay(instance.pk)

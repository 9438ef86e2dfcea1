from celery import shared_task


@shared_task
def send_welcome(user_id: int) -> None:
    print(f"welcome mail for {user_id}")


@shared_task
def cleanup_expired() -> int:
    return 0

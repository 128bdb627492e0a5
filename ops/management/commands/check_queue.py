"""`manage.py check_queue`: is a worker serving each queue? Sends the probe task to every queue and waits
for the answers; exit status 1 when a queue has no worker within the time allowed (for monitoring)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from ops.tasks import probe


class Command(BaseCommand):
    help = "Kiểm tra hàng đợi tác vụ: mỗi hàng đợi có worker nhận việc không (gửi tác vụ thăm dò và chờ trả lời)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30.0, help="Số giây chờ mỗi hàng đợi trả lời (mặc định 30).")
        parser.add_argument("--queue", action="append", dest="queues",
                            help="Chỉ kiểm tra hàng đợi này (có thể lặp lại); mặc định: mọi hàng đợi.")

    def handle(self, *args, timeout: float, queues: list[str] | None, **options):
        names = queues or list(settings.TASK_QUEUES)
        unknown = sorted(set(names) - set(settings.TASK_QUEUES))
        if unknown:
            raise CommandError(f"Không có hàng đợi: {', '.join(unknown)}. Các hàng đợi: {', '.join(settings.TASK_QUEUES)}.")
        backend = settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1]
        self.stdout.write(f"Hàng đợi tác vụ ({backend}, TASK_BACKEND={settings.TASK_BACKEND}):")
        results = {name: probe.using(queue_name=name).enqueue(time.time()) for name in names}
        deadline = time.monotonic() + timeout
        silent = []
        for name, result in results.items():
            while result.status not in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.2)
                result.refresh()
            if result.status == TaskResultStatus.SUCCESSFUL:
                answer = result.return_value
                self.stdout.write(f"  {name}: có worker trả lời ({answer['host']}, tiến trình {answer['pid']}, "
                                  f"chờ {answer['waited']:.1f} giây)")
            elif result.status == TaskResultStatus.FAILED:
                silent.append(name)
                self.stdout.write(f"  {name}: tác vụ thăm dò lỗi: {result.errors[-1].traceback.splitlines()[-1]}")
            else:
                silent.append(name)
                self.stdout.write(f"  {name}: KHÔNG có worker trả lời sau {timeout:.0f} giây")
        if silent:
            raise CommandError(f"Hàng đợi không có worker: {', '.join(silent)}.")

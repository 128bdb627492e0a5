import django.dispatch

plan_copied = django.dispatch.Signal()

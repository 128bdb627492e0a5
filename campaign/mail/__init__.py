"""The portal's mail outbox (issue 15 point 7): every notification is rendered from a template the office
can edit, stored as an `OutgoingMail` of its agency, and sent by a task of the queue with retries.

`queue_mail(...)` (services.py) is the one way to send mail; reminders (reminders.py) are found in each
app's `reminders` module, where their data lives."""

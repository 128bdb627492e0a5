"""The one refused action of every app: its `message` is shown to the user as is (in Vietnamese)."""


class DomainError(Exception):
    """A refused action; `message` is shown to the user as is. A refused action changes nothing."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The user may see the object but not do this to it (a view answers 403 with the message)."""


class DeadlineError(DomainError):
    pass

"""The one exception family the package raises for problems a user can fix."""


class EmosymphonyError(Exception):
    """Something the user can act on (a missing file, a bad layout, a corrupt model...)."""

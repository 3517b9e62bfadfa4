class DelegationError(Exception):
    """A move the rules do not allow; views show its message and change nothing."""

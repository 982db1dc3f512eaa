"""shisaku (施策): a city's industrial-promotion plan as working software."""

__version__ = "0.1.0"

"""Plain-Python core of Siyalalela: audio, transcription, metrics, redaction, detectors, scoring.

Nothing in this package imports Django. It takes paths and plain data and returns dataclasses,
so it runs alike in a worker, a benchmark or a notebook.
"""

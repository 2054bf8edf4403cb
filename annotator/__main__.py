"""``python -m annotator`` and the desktop bundle's entry point: the ``annotator`` command.

``freeze_support()`` comes first: in the frozen bundle, ``nlp.pipe(n_process>1)``'s worker
processes start this same executable, and it must run the worker instead of the app.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from annotator.cli import main

    sys.exit(main())

"""python -m bookbuild.validate [DATA_DIR]"""

import sys

from bookbuild.validate import main

sys.exit(main(sys.argv[1:]))

import sys

from display.app import main

sys.exit(main(sys.argv[1:]))

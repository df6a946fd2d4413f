import sys

from supervisor.app import main

sys.exit(main(sys.argv[1:]))

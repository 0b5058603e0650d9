# Placeholder: the Python agent is being written (issue 8).
import sys
sys.exit(3)

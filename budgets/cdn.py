"""The pinned CDN assets the public pages load, with their Subresource Integrity hashes.

Browser tests serve the same files from the npm package (package.json pins the same
version), so the hash below is checked against real bytes in every browser run.
"""

CHART_JS_VERSION = "4.5.1"
CHART_JS_URL = f"https://cdn.jsdelivr.net/npm/chart.js@{CHART_JS_VERSION}/dist/chart.umd.min.js"
CHART_JS_INTEGRITY = "sha384-jb8JQMbMoBUzgWatfe6COACi2ljcDdZQ2OxczGA3bGNeWe+6DChMTBJemed7ZnvJ"
#: The file inside the npm package that the CDN URL serves.
CHART_JS_NPM_FILE = "node_modules/chart.js/dist/chart.umd.min.js"

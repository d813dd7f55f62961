# sam build (template.yaml: Metadata BuildMethod: makefile) calls build-PinpointEventStreamFunction
# with ARTIFACTS_DIR set. The bundle options live only in scripts/build.mjs (npm run build).
#
# The bundle is dist/index.mjs plus the chunks code splitting writes next to it (and below it),
# each with its source map: every *.mjs and *.mjs.map under dist/, in the same layout. Nothing
# else under dist/ (the StackSet template, function.zip) is part of it.

DIST ?= dist
# This Makefile, for the recursive calls (sam build may run make -f <path> from a scratch copy).
SELF := $(firstword $(MAKEFILE_LIST))
# The bundle's files, relative to $(DIST), one a line, in a stable order.
BUNDLE_FILES = find . -type f \( -name '*.mjs' -o -name '*.mjs.map' \) | sed 's|^\./||' | LC_ALL=C sort

.PHONY: build-PinpointEventStreamFunction copy-bundle function-zip zip-bundle stackset-template

build-PinpointEventStreamFunction:
	npm ci
	npm run build
	$(MAKE) -f "$(SELF)" copy-bundle DEST="$(ARTIFACTS_DIR)"

# Copies the bundle into DEST (tar keeps the directory layout, with GNU and BSD tar alike).
copy-bundle:
	@test -n "$(DEST)" || { echo 'copy-bundle: set DEST' >&2; exit 1; }
	@test -f "$(DIST)/index.mjs" || { echo 'copy-bundle: no $(DIST)/index.mjs: run npm run build' >&2; exit 1; }
	mkdir -p "$(DEST)"
	dest="$$(cd "$(DEST)" && pwd)" && cd "$(DIST)" && $(BUNDLE_FILES) | tar -cf - -T - | tar -xf - -C "$$dest"

# Code zip for StackSets (uploaded to <prefix>-<region> buckets): dist/function.zip.
function-zip:
	npm ci
	npm run build
	$(MAKE) -f "$(SELF)" zip-bundle

# Zips the bundle into $(DIST)/function.zip (-X: no extra file attributes).
zip-bundle:
	@test -f "$(DIST)/index.mjs" || { echo 'zip-bundle: no $(DIST)/index.mjs: run npm run build' >&2; exit 1; }
	cd "$(DIST)" && rm -f function.zip && $(BUNDLE_FILES) | zip -q -X function.zip -@

# Transform-free template for service-managed StackSets: dist/stackset-template.yaml.
stackset-template:
	node scripts/stackset-template.mjs

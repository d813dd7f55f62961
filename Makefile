# sam build (template.yaml: Metadata BuildMethod: makefile) calls build-PinpointEventStreamFunction
# with ARTIFACTS_DIR set. The bundle options live only in scripts/build.mjs (npm run build).

.PHONY: build-PinpointEventStreamFunction function-zip stackset-template

build-PinpointEventStreamFunction:
	npm ci
	npm run build
	cp dist/index.mjs dist/index.mjs.map "$(ARTIFACTS_DIR)/"

# Code zip for StackSets (uploaded to <prefix>-<region> buckets): dist/function.zip.
function-zip:
	npm ci
	npm run build
	cd dist && rm -f function.zip && zip -q -X function.zip index.mjs index.mjs.map

# Transform-free template for service-managed StackSets: dist/stackset-template.yaml.
stackset-template:
	node scripts/stackset-template.mjs

# Build targets for `sam build` (template.yaml: Metadata: BuildMethod: makefile, CodeUri: .).
# SAM runs `make build-<LogicalId>` once per function from the directory holding this Makefile
# and zips whatever the target leaves in $(ARTIFACTS_DIR) as that function's code.
#
# Each target builds one module of the Maven reactor (with the modules it depends on) and puts
# its shaded jar under lib/: the Java runtime puts lib/*.jar on the classpath, whereas a jar at
# the root of the zip would not be found.
# https://docs.aws.amazon.com/lambda/latest/dg/java-package.html

MVN ?= mvn -B -q -DskipTests

.PHONY: build-ApiFunction build-CheckpointFunction build-RetentionFunction

build-ApiFunction:
	$(call lambda-jar,functions/api,tidemark-lambda.jar)

build-CheckpointFunction:
	$(call lambda-jar,functions/checkpoint,tidemark-checkpoint-all.jar)

build-RetentionFunction:
	$(call lambda-jar,functions/retention,tidemark-retention-all.jar)

# $(1): the module, $(2): its shaded jar under $(1)/target
define lambda-jar
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: these targets are run by sam build" >&2; exit 1; }
	$(MVN) -pl $(1) -am package
	rm -rf "$(ARTIFACTS_DIR)/lib"
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(1)/target/$(2)" "$(ARTIFACTS_DIR)/lib/"
endef

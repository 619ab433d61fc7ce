# Frontline build and test targets. `make run` and `make test` are the
# quick start; everything here needs only Go (and Chromium for `make e2e`).

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
BIN     := bin/frontline
GO      ?= go
GOLANGCI_VERSION := v2.15.0

.PHONY: build run test lint e2e bench vendor clean

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/frontline

run: build
	./$(BIN) serve --data ./data --addr 127.0.0.1:8080 --demo

test:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

lint:
	$(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VERSION) run ./...

e2e: build
	$(GO) test -race -count=1 -tags e2e -timeout 10m ./e2e/...

bench: build
	$(GO) run ./cmd/frontline-bench -binary ./$(BIN)

vendor:
	sh embedui/vendor.sh

clean:
	rm -rf bin e2e/artifacts

// Command docker-lint checks Flashline's Docker packaging without Docker: the compose file is loaded,
// interpolated and validated by compose-go (the loader `docker compose` itself uses), and every Dockerfile
// (those given, and those the compose file builds) is parsed and linted by BuildKit's Dockerfile frontend
// (what `docker build --check` runs). Lint rules are warnings; anything Docker would refuse is an error.
//
//	docker-lint [-compose FILE [-env-file FILE]] [DOCKERFILE...]
//
// Exit code 0 when everything loads (warnings allowed), 1 on any error, 2 on bad usage.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/solver/pb"
	digest "github.com/opencontainers/go-digest"
)

// sourceHash is set at build time (-ldflags -X) to a hash of this tool's sources, so the script that builds
// it can tell whether the binary in .tools/bin is current.
var sourceHash = "unknown"

func main() {
	composeFile := flag.String("compose", "", "compose file to load, interpolate and validate")
	envFile := flag.String("env-file", "", "variables for the compose file's interpolation")
	version := flag.Bool("version", false, "print the source hash this binary was built from")
	flag.Parse()
	if *version {
		fmt.Println(sourceHash)
		return
	}
	if *composeFile == "" && flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: docker-lint [-compose FILE [-env-file FILE]] [DOCKERFILE...]")
		os.Exit(2)
	}
	ctx := context.Background()
	ok := true
	dockerfiles := flag.Args()
	if *composeFile != "" {
		built, err := lintCompose(ctx, *composeFile, *envFile)
		if err != nil {
			fmt.Printf("error: %s: %v\n", *composeFile, err)
			ok = false
		}
		dockerfiles = append(dockerfiles, built...)
	}
	for _, path := range distinctPaths(dockerfiles) {
		if !lintDockerfile(ctx, display(path)) {
			ok = false
		}
	}
	if !ok {
		os.Exit(1)
	}
}

// lintCompose loads the file as `docker compose config` does, every profile included, and returns the
// Dockerfiles its services build.
func lintCompose(ctx context.Context, path, envFile string) ([]string, error) {
	var envFiles []string
	if envFile != "" {
		envFiles = []string{envFile}
	}
	options, err := cli.NewProjectOptions(
		[]string{path},
		cli.WithEnvFiles(envFiles...),
		cli.WithDotEnv,
		cli.WithProfiles([]string{"*"}),
	)
	if err != nil {
		return nil, err
	}
	project, err := options.LoadProject(ctx)
	if err != nil {
		return nil, err
	}
	var dockerfiles, services []string
	for name, service := range project.Services {
		services = append(services, name)
		if service.Build == nil {
			continue
		}
		dockerfile := service.Build.Dockerfile
		if dockerfile == "" {
			dockerfile = "Dockerfile"
		}
		if !filepath.IsAbs(dockerfile) {
			dockerfile = filepath.Join(service.Build.Context, dockerfile)
		}
		if _, err := os.Stat(dockerfile); err != nil {
			return nil, fmt.Errorf("service %q builds %s: %w", name, dockerfile, err)
		}
		dockerfiles = append(dockerfiles, dockerfile)
	}
	sort.Strings(services)
	fmt.Printf("ok: %s: project %q, services %s\n", path, project.Name, strings.Join(services, ", "))
	return dockerfiles, nil
}

// lintDockerfile runs BuildKit's lint over every stage, offline, and prints what it finds.
func lintDockerfile(ctx context.Context, path string) bool {
	source, err := os.ReadFile(path)
	if err != nil {
		fmt.Printf("error: %v\n", err)
		return false
	}
	sourceMap := llb.NewSourceMap(nil, path, "Dockerfile", source)
	sourceMap.Definition = &llb.Definition{}
	results, err := dockerfile2llb.DockerfileLint(ctx, source, dockerfile2llb.ConvertOpt{
		SourceMap:    sourceMap,
		MetaResolver: offlineImages{},
	})
	if err != nil {
		fmt.Printf("error: %s: %v\n", path, err)
		return false
	}
	for _, warning := range results.Warnings {
		fmt.Printf("warning: %s:%d: %s: %s\n", path, line(warning.Location), warning.RuleName, warning.Detail)
	}
	if results.Error != nil {
		fmt.Printf("error: %s:%d: %s\n", path, line(&results.Error.Location), results.Error.Message)
		return false
	}
	fmt.Printf("ok: %s (%d lint warnings)\n", path, len(results.Warnings))
	return true
}

// line is the first line a finding points at (0 when it points nowhere).
func line(location *pb.Location) int {
	ranges := location.GetRanges()
	if len(ranges) == 0 || ranges[0].GetStart() == nil {
		return 0
	}
	return int(ranges[0].GetStart().GetLine())
}

// display shows a path relative to the working directory when it lies inside it.
func display(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if relative, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(relative, "..") {
		return relative
	}
	return path
}

// offlineImages answers every base image with an empty Linux image of this machine's architecture, so the
// lint needs no registry (the rules that look at a base image's own config see nothing to complain about).
type offlineImages struct{}

func (offlineImages) ResolveImageConfig(
	_ context.Context, ref string, _ sourceresolver.Opt,
) (string, digest.Digest, []byte, error) {
	config, err := json.Marshal(map[string]any{
		"os":           "linux",
		"architecture": runtime.GOARCH,
		"config":       map[string]any{"Env": []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}},
		"rootfs":       map[string]any{"type": "layers", "diff_ids": []string{}},
	})
	if err != nil {
		return "", "", nil, err
	}
	return ref, digest.FromBytes(config), config, nil
}

func distinctPaths(paths []string) []string {
	seen := map[string]bool{}
	var distinct []string
	for _, path := range paths {
		absolute, err := filepath.Abs(path)
		if err != nil {
			absolute = path
		}
		if !seen[absolute] {
			seen[absolute] = true
			distinct = append(distinct, path)
		}
	}
	return distinct
}

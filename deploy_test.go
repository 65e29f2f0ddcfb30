package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// needTool skips a test when tool is missing, except in CI (.ci/run
// installs them), where it fails.
func needTool(t *testing.T, tool, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed (apt-get install -y %s)", tool, pkg)
		}
		t.Skipf("%s is not installed (apt-get install -y %s): skipped", tool, pkg)
	}
	return p
}

// The deployment files are the ones docs/deploy.md shows, and the tools
// that read them accept them.
func TestDeployFiles(t *testing.T) {
	doc, err := os.ReadFile("docs/deploy.md")
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("docs", "deploy", name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(doc), string(b)) {
			t.Errorf("docs/deploy.md does not show docs/deploy/%s as it is", name)
		}
		return string(b)
	}
	haproxyCfg, unit, natsConf := read("haproxy.cfg"), read("eaeu-dash.service"), read("nats-server.conf")

	t.Run("haproxy", func(t *testing.T) {
		haproxy := needTool(t, "haproxy", "haproxy")
		if out, err := exec.Command(haproxy, "-c", "-f", filepath.Join("docs", "deploy", "haproxy.cfg")).CombinedOutput(); err != nil {
			t.Fatalf("haproxy -c: %v\n%s", err, out)
		}
		for _, want := range []string{"mode tcp", "send-proxy-v2", "check-send-proxy", "tcp-check expect"} {
			if !strings.Contains(haproxyCfg, want) {
				t.Errorf("haproxy.cfg lacks %q", want)
			}
		}
	})
	t.Run("systemd", func(t *testing.T) {
		analyze := needTool(t, "systemd-analyze", "systemd")
		for _, want := range []string{"DynamicUser=yes", "StateDirectory=eaeu-dash", "ProtectSystem=strict", "NoNewPrivileges=yes", "RestrictAddressFamilies=", "LoadCredential=hub.creds"} {
			if !strings.Contains(unit, want) {
				t.Errorf("the unit lacks %s", want)
			}
		}
		// verify wants the binary to exist; it reports bad values on
		// stderr with status 0, so any output is a failure.
		path := filepath.Join(t.TempDir(), "eaeu-dash.service")
		os.WriteFile(path, []byte(strings.ReplaceAll(unit, "/usr/local/bin/eaeu-dash", "/bin/true")), 0o644)
		out, err := exec.Command(analyze, "verify", path).CombinedOutput()
		if err != nil || len(strings.TrimSpace(string(out))) > 0 {
			t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
		}
		if !strings.Contains(unit, "--hub-creds %d/hub.creds") || regexp.MustCompile(`nats://[^ ]*@`).MatchString(unit) {
			t.Errorf("the hub's credentials must come from the credentials directory")
		}
	})
	t.Run("nats-server", func(t *testing.T) {
		nats := needTool(t, "nats-server", "nats-server")
		// The TLS files exist only on a real hub.
		conf := regexp.MustCompile(`(?s)\ntls \{.*?\n\}\n`).ReplaceAllString(natsConf, "\n")
		conf = strings.ReplaceAll(conf, "/var/lib/nats", t.TempDir())
		path := filepath.Join(t.TempDir(), "nats-server.conf")
		os.WriteFile(path, []byte(conf), 0o644)
		if out, err := exec.Command(nats, "-t", "-c", path).CombinedOutput(); err != nil {
			t.Fatalf("nats-server -t: %v\n%s", err, out)
		}
		if !strings.Contains(natsConf, "jetstream {") {
			t.Errorf("the hub's configuration has no JetStream")
		}
	})
}

package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// loadOrCreateHostKey reads the host key at path, creating an ed25519 key
// (mode 0600, directory 0700) on first start. It returns the key's PEM
// (for wish.WithHostKeyPEM) and its signer (for the fingerprint); created
// reports a new key.
//
// (Not wish.WithHostKeyPath: it creates the key when the option is made,
// without O_EXCL, cannot say that it created one, and a damaged key file
// gives an error that does not say what to do.)
func loadOrCreateHostKey(path string) (pemBytes []byte, signer gossh.Signer, created bool, err error) {
	buf, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createHostKey(path)
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("read host key: %w", err)
	}
	signer, err = gossh.ParsePrivateKey(buf)
	if err != nil {
		return nil, nil, false, fmt.Errorf("host key %s: %w (move it away to have a new one made)", path, err)
	}
	return buf, signer, false, nil
}

func createHostKey(path string) ([]byte, gossh.Signer, bool, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, false, fmt.Errorf("create host key directory: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, false, fmt.Errorf("generate host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "eaeu-dash host key")
	if err != nil {
		return nil, nil, false, fmt.Errorf("encode host key: %w", err)
	}
	buf := pem.EncodeToMemory(block)
	// O_EXCL: two servers starting at once must not overwrite each other's key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return loadOrCreateHostKey(path)
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("create host key: %w", err)
	}
	if _, err := f.Write(buf); err != nil {
		f.Close()
		os.Remove(path)
		return nil, nil, false, fmt.Errorf("write host key: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, nil, false, fmt.Errorf("write host key: %w", err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, nil, false, err
	}
	// The public half lets an operator publish the fingerprint; failing to
	// write it does not stop the server.
	_ = os.WriteFile(path+".pub", gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644)
	return buf, signer, true, nil
}

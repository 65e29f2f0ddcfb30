package snapshot

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Save writes the frame as an SVG named eaeu-dash-YYYYMMDD-HHMMSS.svg (in
// local time) in dir and returns its path. It never overwrites a file: a
// second snapshot in the same second gets -2, -3, ... before ".svg".
func Save(dir string, now time.Time, frame string, o Options) (string, error) {
	base := "eaeu-dash-" + now.Format("20060102-150405")
	body := []byte(SVG(frame, o))
	for i := 1; i < 100; i++ {
		name := base + ".svg"
		if i > 1 {
			name = base + "-" + strconv.Itoa(i) + ".svg"
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.Write(body); err != nil {
			f.Close()
			os.Remove(path)
			return "", err
		}
		if err := f.Close(); err != nil {
			return "", err
		}
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		return path, nil
	}
	return "", errors.New("too many snapshots in one second")
}

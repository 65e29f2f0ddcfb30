package serve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// DefaultWatchDebounce is how long Watch waits after the last change before
// reloading: an editor's save is often several events.
const DefaultWatchDebounce = 200 * time.Millisecond

// Watch reloads the data whenever one of paths (files, or directories of
// *.json files) changes, until ctx is done. A good load goes to onGood, a
// failed one to onBad (the caller keeps its last good data). Directories
// are watched rather than files, so that editors that save by writing a
// new file and renaming it over the old one are followed. Watch returns an
// error only when it cannot start watching; otherwise nil when ctx is done.
func Watch(ctx context.Context, paths []string, load func() (*data.Dataset, error), onGood func(*data.Dataset), onBad func(error)) error {
	return watch(ctx, paths, load, onGood, onBad, DefaultWatchDebounce)
}

func watch(ctx context.Context, paths []string, load func() (*data.Dataset, error), onGood func(*data.Dataset), onBad func(error), debounce time.Duration) error {
	if len(paths) == 0 {
		return errors.New("watch: no data paths to watch")
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer w.Close()

	dirs := map[string]bool{}  // watched directories whose *.json files count
	files := map[string]bool{} // watched single files
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		dir := abs
		if fi.IsDir() {
			dirs[abs] = true
		} else {
			files[abs] = true
			dir = filepath.Dir(abs)
		}
		if err := w.Add(dir); err != nil {
			return fmt.Errorf("watch %s: %w", dir, err)
		}
	}
	relevant := func(ev fsnotify.Event) bool {
		if ev.Op == fsnotify.Chmod {
			return false
		}
		name := filepath.Clean(ev.Name)
		if files[name] {
			return true
		}
		return dirs[filepath.Dir(name)] && strings.EqualFold(filepath.Ext(name), ".json")
	}

	reload := func() {
		ds, err := load()
		if err != nil {
			onBad(err)
			return
		}
		onGood(ds)
	}

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if relevant(ev) {
				timer.Reset(debounce)
			}
		case _, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflow loses events: reload to be safe.
			timer.Reset(debounce)
		case <-timer.C:
			reload()
		}
	}
}

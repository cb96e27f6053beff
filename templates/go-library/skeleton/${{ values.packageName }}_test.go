package ${{ values.packageName }}

import "testing"

func TestVersion(t *testing.T) {
	if got := Version(); got == "" {
		t.Fatal("Version() is empty")
	}
}

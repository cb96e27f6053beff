// Package ${{ values.packageName }}: ${{ values.description }}
package ${{ values.packageName }}

// Version is the library's version, for logs and diagnostics.
func Version() string {
	return "v0.1.0"
}

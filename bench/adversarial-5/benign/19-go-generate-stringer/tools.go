//go:build tools

package orders

import _ "golang.org/x/tools/cmd/stringer"

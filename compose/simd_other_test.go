//go:build !amd64

package compose

import "testing"

// archVmixes: no SIMD variants off amd64.
func archVmixes(*testing.T) map[string]func([]uint8, []uint16, []uint16, uint32) { return nil }

// archVmixMixes: no SIMD variants off amd64.
func archVmixMixes() map[string]func([]uint8, []uint16, []uint16, uint32, int32, []uint8) {
	return nil
}

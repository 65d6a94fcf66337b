#!/usr/bin/env bash
# scripts/leaks_of_ours.py tells a leak in our program's image from one in code unloaded before the report.
set -u
here=$(cd "$(dirname "$0")" && pwd)
script=$here/../../scripts/leaks_of_ours.py
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
report() {  # FRAME-ADDRESS
  cat <<LOG
==1==ERROR: LeakSanitizer: detected memory leaks

Indirect leak of 56 byte(s) in 1 object(s) allocated from:
    #0 0x7f371ccb83b7 in __interceptor_calloc asan_malloc_linux.cpp:77
    #1 $1  (/opt/app+0x318ecb3)

SUMMARY: AddressSanitizer: 56 byte(s) leaked in 1 allocation(s).
==1==Process memory map follows:
	0x55c226e60000-0x55c227f51000	/opt/app
	0x55c227f51000-0x55c228864000	/opt/app
	0x7f36d790f000-0x7f36d7c22000	/usr/lib/libLLVM.so
	0x7f36e63de000-0x7f36e7334000	/opt/app
LOG
}
report 0x7f36e658ecb3 > "$T/others.log"
report 0x55c227000010 > "$T/ours.log"
python3 "$script" "$T/others.log" /opt/app > "$T/a.out" || { cat "$T/a.out"; echo "FAIL: a leak outside the image was called ours"; exit 1; }
python3 "$script" "$T/ours.log" /opt/app > "$T/b.out" && { cat "$T/b.out"; echo "FAIL: a leak in the image was not found"; exit 1; }
grep -q "^OURS:" "$T/b.out" || { cat "$T/b.out"; echo "FAIL: no OURS line"; exit 1; }
echo "PASS: leaks_of_ours"

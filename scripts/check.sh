#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run the project's tests and the upstream ASPEED/AST2700 qtests against a
# build. Every case's TAP line is printed, numbered across all binaries;
# the last line is "N passed, N failed". Exit status is non-zero on any
# failure or when a test binary dies.
#
# Usage: check.sh BUILD [BUILD_SAN]   run; then, given an ASan+UBSan
#                                     build, our tests again under it
#        check.sh --targets           print the ninja targets the tests need
#                                     (CHECK_SANITIZE=1: the sanitizer run's)

set -uo pipefail

# Our tests first, then upstream's, which the model must not break
QTESTS="
    caliptra-regs-test
    caliptra-mbox-test
    caliptra-fw-test
    caliptra-runtime-test
    caliptra-boot-test
    caliptra-dpe-test
    caliptra-ipc-test
    caliptra-peer-test
    ast2700-hace-test
    ast2700-smc-test
    ast2700-gpio-test
"
# Pure-logic pieces, tested on their own
UNIT_TESTS="
    test-crypto-ecdsa
    test-caliptra-sha512
    test-caliptra-lms
    test-caliptra-verify
    test-caliptra-dice
    test-caliptra-dpe
"
# Under ASan + UBSan: our tests (not upstream's, not the scripts)
SAN_QTESTS="
    caliptra-regs-test
    caliptra-mbox-test
    caliptra-fw-test
    caliptra-runtime-test
    caliptra-boot-test
    caliptra-dpe-test
    caliptra-ipc-test
    caliptra-peer-test
"
if [ -n "${CHECK_SANITIZE:-}" ]; then
    QTESTS=$SAN_QTESTS
fi
# A subset can be asked for (the bisect run of the export does)
QTESTS=${CHECK_QTESTS-$QTESTS}
UNIT_TESTS=${CHECK_UNIT_TESTS-$UNIT_TESTS}
TIMEOUT=${CHECK_TIMEOUT:-600}

if [ "${1:-}" = --targets ]; then
    echo qemu-system-aarch64
    for t in $QTESTS; do echo "tests/qtest/$t"; done
    for t in $UNIT_TESTS; do echo "tests/unit/$t"; done
    exit 0
fi

build=$(cd "$1" && pwd)
build_san=${2:+$(cd "$2" && pwd)}
scripts=$(cd "$(dirname "$0")" && pwd)
export QTEST_QEMU_BINARY=$build/qemu-system-aarch64
export G_TEST_SRCDIR=$build
n=0 pass=0 fail=0 skip=0 broken=0

run_one() {
    local name=$1
    shift
    local out rc line notes=() shown=0
    out=$(mktemp)
    (cd "$build" && timeout "$TIMEOUT" "$@" --tap -k) >"$out" 2>"$out.err"
    rc=$?
    # A failed case's diagnostics ("#" lines, before its TAP line as glib
    # prints them or after it as demo.py does) are shown with it, at most
    # 40 lines; a passing case's are not
    while IFS= read -r line; do
        case "$line" in
        "ok "*|"not ok "*)
            local status=${line%% [0-9]*} rest
            rest=${line#"$status "}
            rest=${rest#* }
            n=$((n + 1))
            shown=0
            if [ "$status" = ok ]; then
                case "$rest" in
                *"# SKIP"*) skip=$((skip + 1)) ;;
                *) pass=$((pass + 1)) ;;
                esac
                echo "$status $n $rest"
            else
                fail=$((fail + 1))
                echo "$status $n $rest"
                for line in "${notes[@]}"; do
                    [ $shown -lt 40 ] && echo "$line"
                    shown=$((shown + 1))
                done
                shown=$((shown > 40 ? 40 : shown))
                shown=-$((40 - shown))
            fi
            notes=()
            ;;
        "#"*)
            if [ $shown -lt 0 ]; then
                echo "$line"
                shown=$((shown + 1))
            else
                notes+=("$line")
                [ ${#notes[@]} -gt 40 ] && notes=("${notes[@]:1}")
            fi
            ;;
        esac
    done <"$out"
    if [ $rc -ne 0 ] && ! grep -q "^not ok" "$out"; then
        # died outside a test case (abort, timeout): that is a failure too
        broken=$((broken + 1))
        fail=$((fail + 1))
        n=$((n + 1))
        echo "not ok $n $name (exit status $rc)"
        tail -n 20 "$out.err" | sed 's/^/# /'
    elif [ $rc -ne 0 ]; then
        grep -v '^#' "$out.err" | tail -n 20 | sed 's/^/# /'
    fi
    rm -f "$out" "$out.err"
}

run_tests() {
    local t
    for t in $(for u in $UNIT_TESTS; do echo "unit/$u"; done
               for q in $QTESTS; do echo "qtest/$q"; done); do
        if [ ! -x "$build/tests/$t" ]; then
            n=$((n + 1)) fail=$((fail + 1))
            echo "not ok $n $t (not built)"
            continue
        fi
        run_one "$t" "./tests/$t"
    done
}
run_tests

# The bundle tool, against openssl and hashlib
if [ -z "${CHECK_QTESTS+set}" ]; then
    if [ -x "$build/caliptra-bundle" ]; then
        run_one caliptra-bundle bash "$scripts/test-tool.sh" "$build"
    else
        n=$((n + 1)) fail=$((fail + 1))
        echo "not ok $n caliptra-bundle (not built)"
    fi
fi

# The firmware model's layers include nothing above them
if [ -z "${CHECK_QTESTS+set}" ]; then
    run_one firmware-layers bash "$scripts/check-layers.sh"
fi

# The fuzz harnesses still build and run (a few seconds each; the
# campaigns themselves are make fuzz); not on make coverage's gcov tree
if [ -z "${CHECK_QTESTS+set}" ] && [ -z "${CHECK_NO_FUZZ:-}" ]; then
    run_one fuzz python3 "$scripts/fuzz.py" "$build" "$(dirname "$build")/src" \
        --smoke
fi

# Whole-machine boots under TCG: secure boot releases the A35 program
if [ -z "${CHECK_QTESTS+set}" ]; then
    run_one ast2700fc-boot python3 "$scripts/demo.py" "$build"
fi

# The certificate chain, parsed and verified by openssl
if [ -z "${CHECK_QTESTS+set}" ]; then
    run_one dice-certs python3 "$scripts/test-certs.py" "$build"
fi

# Our tests again, under AddressSanitizer (leaks included) and
# UndefinedBehaviorSanitizer: any report fails its test. Reports from
# QEMU's own files are suppressed by scripts/sanitizers/*.supp (none of
# ours are there).
if [ -n "$build_san" ]; then
    main_pass=$pass main_fail=$fail
    supp=$scripts/sanitizers
    export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
    build=$build_san
    export QTEST_QEMU_BINARY=$build/qemu-system-aarch64
    export G_TEST_SRCDIR=$build
    QTESTS=${CHECK_QTESTS-$SAN_QTESTS}
    TIMEOUT=${CHECK_TIMEOUT:-1800}
    run_tests
    echo "sanitizers: $((pass - main_pass)) passed, $((fail - main_fail)) failed"
fi

echo "1..$n"
if [ $skip -gt 0 ]; then
    echo "$pass passed, $fail failed, $skip skipped"
else
    echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]

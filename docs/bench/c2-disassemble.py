#!/usr/bin/env python3
"""Disassembles one C2-compiled method from a HotSpot PrintAssembly log made without hsdis.

Without the hsdis library, -XX:CompileCommand=print,CLASS::METHOD prints machine code as hex words;
this turns the [MachCode] of the first method whose header line matches a regex into objdump
output, to count the instructions of a kernel's loop and spot scalar overhead, bounds checks,
spills and boxing (runtime calls to new_instance in a loop mean vectors are boxed).

  java -XX:+UnlockDiagnosticVMOptions \\
       -XX:CompileCommand=print,dev.tramontane.engine.tensor.Q4_0VectorMatrix::rowDotQ8 ... > asm.txt
  docs/bench/c2-disassemble.py asm.txt '\\(c2\\) \\d+ \\d+ +4 +dev.tramontane.engine.tensor.Q4_0VectorMatrix::rowDotQ8 \\('

(The program's own output must not go to the same stream, or it interleaves with the hex.)
Needs objdump (binutils).
"""
import re
import subprocess
import sys
import tempfile


def machine_code(lines, header):
    start_line = next(k for k, l in enumerate(lines) if header.search(l))
    code_line = next(k for k in range(start_line, len(lines)) if lines[k].startswith('[MachCode]'))
    start, data = None, bytearray()
    for line in lines[code_line + 1:]:
        if line.startswith(('[Stub', '[Exception', '[Deopt', '[Constant', '-----', '=====')):
            break
        m = re.match(r'\s+0x([0-9a-f]+): (.*)$', line)
        if not m:
            continue
        words = []
        for token in m.group(2).replace('|', ' ').split():
            if re.fullmatch(r'[0-9a-f]{2,8}', token) and len(token) % 2 == 0:
                words.append(token)
            else:
                break
        address = int(m.group(1), 16)
        if not words:
            continue
        if start is None:
            start = address
        if address != start + len(data):
            continue
        for w in words:
            data += bytes.fromhex(w)
    return start, data


def main():
    lines = open(sys.argv[1]).read().split('\n')
    start, data = machine_code(lines, re.compile(sys.argv[2]))
    with tempfile.NamedTemporaryFile(suffix='.bin') as f:
        f.write(data)
        f.flush()
        out = subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '--adjust-vma=%#x' % start, f.name],
                             capture_output=True, text=True, check=True).stdout
    print(out)


if __name__ == '__main__':
    main()

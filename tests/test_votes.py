import numpy as np
import pytest

from emosymphony import EMOTIONS
from emosymphony.votes import (
    VOTE_COLUMNS,
    VotesError,
    majority_label,
    read_votes,
    soft_targets,
    vote_distribution,
)

HEADER = "split,file," + ",".join(VOTE_COLUMNS) + "\n"


def counts(**votes: int) -> np.ndarray:
    return np.array([votes.get(name, 0) for name in VOTE_COLUMNS])


def write(tmp_path, text: str):
    path = tmp_path / "votes.csv"
    path.write_text(text)
    return path


def test_reads_rows_keyed_by_file(tmp_path):
    path = write(tmp_path, HEADER + "train,angry/a.png,2,0,0,1,7,0,0,0,0,0\nval,sad/b.png,0,0,0,9,0,0,0,0,1,0\n")
    votes = read_votes(path)
    assert len(votes) == 2
    np.testing.assert_array_equal(votes.counts["angry/a.png"], counts(neutral=2, sadness=1, anger=7))
    assert votes.for_files(["sad/b.png", "missing.png"])[1] is None


@pytest.mark.parametrize(
    "row, message",
    [
        ("train,angry/a.png,2,0,0,1,7,0,0,0,0\n", "line 3: expected 12 fields, found 11"),
        ("train,angry/a.png,2,0,0,one,7,0,0,0,0,0\n", "line 3: vote counts must be whole numbers"),
        ("train,angry/a.png,2,0,0,-1,7,0,0,0,0,0\n", "line 3: vote counts must not be negative"),
        ("train,happy/x.png,2,0,0,1,7,0,0,0,0,0\n", "line 3: happy/x.png has a second row"),
    ],
)
def test_a_malformed_row_is_refused_naming_its_line(tmp_path, row, message):
    path = write(tmp_path, HEADER + "train,happy/x.png,10,0,0,0,0,0,0,0,0,0\n" + row)
    with pytest.raises(VotesError, match=message):
        read_votes(path)


def test_a_wrong_header_or_an_empty_file_is_refused(tmp_path):
    with pytest.raises(VotesError, match="line 1: expected the columns split,file,neutral"):
        read_votes(write(tmp_path, "emotion,pixels,Usage\n0,1 2 3,Training\n"))
    with pytest.raises(VotesError, match="no vote rows"):
        read_votes(write(tmp_path, HEADER))
    with pytest.raises(VotesError, match="cannot read votes file"):
        read_votes(tmp_path / "absent.csv")


def test_a_byte_order_mark_is_not_part_of_the_header(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "val,sad/b.png,0,0,0,9,0,0,0,0,1,0\n").encode())
    assert len(read_votes(path)) == 1


@pytest.mark.parametrize(
    "votes, expected",
    [
        (counts(neutral=6, sadness=4), (EMOTIONS.index("neutral"), "")),
        (counts(neutral=5, sadness=5), (None, "no majority")),
        # single votes are dropped first: 5 of the remaining 8 is a majority
        (counts(anger=5, disgust=3, fear=1, sadness=1), (EMOTIONS.index("angry"), "")),
        (counts(happiness=4, surprise=4, fear=1, anger=1), (None, "no majority")),
        (counts(contempt=6, neutral=4), (None, "contempt")),
        (counts(unknown=7, neutral=3), (None, "unknown")),
        (counts(NF=10), (None, "not a face")),
        (counts(fear=1, anger=1, neutral=1), (None, "no majority")),
        (counts(surprise=9, NF=1), (EMOTIONS.index("surprise"), "")),
    ],
)
def test_majority_rule_on_hand_made_rows(votes, expected):
    assert majority_label(votes) == expected


def test_vote_shares_leave_out_contempt_unknown_and_not_a_face():
    shares = vote_distribution(counts(happiness=6, contempt=2, unknown=1, NF=1))
    np.testing.assert_allclose(shares, np.eye(7)[EMOTIONS.index("happy")])
    assert vote_distribution(counts(contempt=5, unknown=5)) is None


def test_soft_targets_blend_votes_with_the_label_and_drop_non_faces(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "train,sad/a.png,8,0,0,2,0,0,0,0,0,0\n"  # mostly neutral, filed as sad
        + "train,sad/b.png,0,0,0,0,0,0,0,0,2,8\n"  # not a face
        + "train,sad/c.png,0,0,0,0,0,0,0,10,0,0\n",  # contempt only: keeps its label
    )
    labels = np.array([4, 4, 4, 4])
    files = ["sad/a.png", "sad/b.png", "sad/c.png", "sad/no-row.png"]
    targets, keep = soft_targets(labels, files, read_votes(path), weight=0.75)
    sad, neutral = EMOTIONS.index("sad"), EMOTIONS.index("neutral")
    assert targets[0][neutral] == pytest.approx(0.75 * 0.8)
    assert targets[0][sad] == pytest.approx(0.75 * 0.2 + 0.25)
    np.testing.assert_allclose(targets.sum(axis=1), 1, rtol=1e-6)
    assert keep.tolist() == [True, False, True, True]
    np.testing.assert_array_equal(targets[[2, 3]], np.eye(7)[[sad, sad]])
    with pytest.raises(VotesError, match="file names"):
        soft_targets(labels, [], read_votes(path), weight=1.0)

-- Published checkpoints (C2SP tlog-witness): the log's signed checkpoint with its witnesses'
-- cosignatures, once a quorum of the deployment's policy cosigned it; without a policy, the log's
-- own checkpoint. Published on a cadence, not at every append; verify answers and proofs refer to
-- the newest. A size may be published again with fresher cosignatures.
CREATE TABLE log_published (
  size INTEGER PRIMARY KEY,
  note TEXT NOT NULL,
  published_at INTEGER NOT NULL    -- ms since epoch
);

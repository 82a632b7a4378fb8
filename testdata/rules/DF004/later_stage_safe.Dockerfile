# FROM of a stage defined later is a broken reference (DF027), not an
# untagged image for this rule.
FROM builder AS app  # want: DF027
CMD ["/app"]

FROM golang:1.22 AS builder
RUN go build -o /out/app .

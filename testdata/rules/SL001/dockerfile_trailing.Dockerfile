FROM alpine:3.20
# After an instruction, "#" belongs to the shell: no suppression.
RUN apk add curl # stridelint ignore=DF014 -- too late  # want: SL001, DF014
# stridelint ignore DF001  # want: SL001
USER root  # want: DF001

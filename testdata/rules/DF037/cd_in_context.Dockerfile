# cd where WORKDIR would not do: into what the step just fetched or
# unpacked, in a subshell or loop, to a temporary directory, a directory
# removed or left again, or one the file cannot know.
FROM debian:12
WORKDIR /src
RUN git clone https://github.com/org/tool.git && cd tool && make install
RUN curl -fsSLo /tmp/x.tgz https://example.com/x-1.2.tgz \
 && tar -xzf /tmp/x.tgz -C /tmp \
 && cd /tmp/x-1.2 && ./configure && make install
RUN (cd plugins && make) && make
RUN for d in a b c; do cd "/src/$d" && make; done
RUN cd /tmp && curl -fsSLO https://example.com/y.deb && dpkg -i y.deb && rm y.deb
RUN cd /build && make && cd / && rm -rf /build
RUN cd /opt/stage && make && rm -rf /opt/stage
RUN cd "$HOME" && ls -la
RUN cd - && ls

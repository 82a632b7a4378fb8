FROM ruby:3.3 AS base
WORKDIR /app
# The shell stays PID 1 while it waits for puma.
CMD bundle exec rake db:migrate && \  # want: DF029
    bundle exec puma -C config/puma.rb

FROM base
COPY . .

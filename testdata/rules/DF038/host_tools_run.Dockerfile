FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends nginx \
 && service nginx start  # want: DF038
RUN vim /etc/nginx/nginx.conf  # want: DF038
RUN nano /etc/hosts  # want: DF038
RUN top  # want: DF038
RUN mount -t tmpfs tmpfs /mnt/cache  # want: DF038
RUN ifconfig eth0 mtu 1400  # want: DF038
RUN ssh deploy@build-host ./prepare.sh  # want: DF038
RUN systemctl start docker  # want: DF038
RUN /etc/init.d/ssh start  # want: DF038
RUN shutdown -h now  # want: DF038
RUN sudo reboot  # want: DF038

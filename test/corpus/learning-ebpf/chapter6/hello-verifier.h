struct data_t {
   int pid;
   int uid;
   int counter;
   char command[16];
   char message[12];
};

struct msg_t {
   char message[12];
};
